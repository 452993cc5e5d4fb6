#pragma once

#include "orm/deletepreview.h"

#include <QString>

namespace ui::deletereasons {

// The delete preview's "Why", said as a person would. The planner's own reason (the technical
// rule: "Author.books is all, delete-orphan") stays beside it, in the tooltip.

/// Why `entry` goes when `parent` (the record it is listed under) is deleted: "deleted with its
/// author". The planner's reason when the link between them is not a relationship.
QString deleted(const orm::DeletePreview::Deleted &entry, const orm::RecordPtr &parent);

/// Why rows the preview counted go: "deleted with their author".
QString counted(const orm::DeletePreview::Counted &entry);

/// Why a record keeps another from being deleted, and what the user can do about it (shown under
/// the record): "Still refers to User 'Andy': delete this review first, or give it another user."
QString blocker(const orm::DeletePreview::Blocker &entry);

} // namespace ui::deletereasons
