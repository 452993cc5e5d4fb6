#pragma once

#include <QString>

namespace orm {

struct Error;

/// The sentence the user reads for an Error, made from its facts: the one place the ORM words
/// its failures, so that the same failure reads the same wherever it happened, and the parts
/// that fail (session, flush planner, dialects …) only say what happened. Error::message()
/// returns it; an Error without a reason has no sentence of its own (an empty string).
QString describe(const Error &error);

} // namespace orm
