#include "sqlitetriggers.h"

namespace orm {

namespace {

/// The tokens of an SQL text, one at a time: a word (keywords unquoted), a quoted name or string
/// (quoted() is true), or one punctuation character. Whitespace and comments are skipped.
class Tokens {
public:
    explicit Tokens(const QString &text)
        : m_text(text) {}

    /// The next token; empty at the end of the text.
    QString next() {
        skipSpaceAndComments();
        m_quoted = false;
        if (m_at >= m_text.size())
            return {};
        const QChar first = m_text.at(m_at);
        const QChar close = first == QLatin1Char('[') ? QLatin1Char(']') : first;
        if (first == QLatin1Char('"') || first == QLatin1Char('\'') || first == QLatin1Char('`') ||
            first == QLatin1Char('[')) {
            m_quoted = true;
            QString name;
            for (++m_at; m_at < m_text.size(); ++m_at) {
                const QChar c = m_text.at(m_at);
                if (c != close) {
                    name += c;
                    continue;
                }
                // A doubled quote is one quote inside the name ("a""b"); ] is never doubled.
                if (close != QLatin1Char(']') && m_at + 1 < m_text.size() &&
                    m_text.at(m_at + 1) == close) {
                    name += c;
                    ++m_at;
                    continue;
                }
                ++m_at;
                break;
            }
            return name;
        }
        if (!isWordCharacter(first))
            return QString(m_text.at(m_at++));
        const qsizetype start = m_at;
        while (m_at < m_text.size() && isWordCharacter(m_text.at(m_at)))
            ++m_at;
        return m_text.mid(start, m_at - start);
    }
    /// The last token was quoted: a name, never a keyword.
    bool quoted() const { return m_quoted; }

private:
    static bool isWordCharacter(QChar c) {
        return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$') ||
               c.unicode() > 127;
    }
    void skipSpaceAndComments() {
        while (m_at < m_text.size()) {
            if (m_text.at(m_at).isSpace()) {
                ++m_at;
            } else if (m_text.mid(m_at, 2) == QLatin1String("--")) {
                const qsizetype end = m_text.indexOf(QLatin1Char('\n'), m_at);
                m_at = end < 0 ? m_text.size() : end + 1;
            } else if (m_text.mid(m_at, 2) == QLatin1String("/*")) {
                const qsizetype end = m_text.indexOf(QLatin1String("*/"), m_at + 2);
                m_at = end < 0 ? m_text.size() : end + 2;
            } else {
                return;
            }
        }
    }

    const QString &m_text;
    qsizetype m_at = 0;
    bool m_quoted = false;
};

bool isKeyword(const Tokens &tokens, const QString &token, const char *keyword) {
    return !tokens.quoted() && token.compare(QLatin1String(keyword), Qt::CaseInsensitive) == 0;
}

} // namespace

TriggerEvents sqliteTriggerEvent(const QString &createTrigger) {
    // CREATE [TEMP | TEMPORARY] TRIGGER [IF NOT EXISTS] [schema .] name
    //     [BEFORE | AFTER | INSTEAD OF] {DELETE | INSERT | UPDATE [OF column, …]} ON table …
    Tokens tokens(createTrigger);
    QString token = tokens.next();
    if (!isKeyword(tokens, token, "CREATE"))
        return {};
    token = tokens.next();
    if (isKeyword(tokens, token, "TEMP") || isKeyword(tokens, token, "TEMPORARY"))
        token = tokens.next();
    if (!isKeyword(tokens, token, "TRIGGER"))
        return {};
    token = tokens.next();
    if (isKeyword(tokens, token, "IF")) {
        if (!isKeyword(tokens, tokens.next(), "NOT") || !isKeyword(tokens, tokens.next(), "EXISTS"))
            return {};
        token = tokens.next();
    }
    // The name, which may be any word once quoted, and may carry its schema
    if (token.isEmpty())
        return {};
    token = tokens.next();
    if (!tokens.quoted() && token == QLatin1String(".")) {
        if (tokens.next().isEmpty())
            return {};
        token = tokens.next();
    }
    if (isKeyword(tokens, token, "BEFORE") || isKeyword(tokens, token, "AFTER")) {
        token = tokens.next();
    } else if (isKeyword(tokens, token, "INSTEAD")) {
        if (!isKeyword(tokens, tokens.next(), "OF"))
            return {};
        token = tokens.next();
    }
    if (isKeyword(tokens, token, "DELETE"))
        return TriggerEvent::Delete;
    if (isKeyword(tokens, token, "INSERT"))
        return TriggerEvent::Insert;
    if (isKeyword(tokens, token, "UPDATE"))
        return TriggerEvent::Update;
    return {};
}

} // namespace orm
