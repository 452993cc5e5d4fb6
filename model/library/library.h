#pragma once

// Everything a program needs to use Shelf's session on the library domain.

#include "library/author.h"
#include "library/book.h"
#include "library/librarydatabase.h"
#include "library/librarymetadata.h"
#include "library/review.h"
#include "library/seeder.h"
#include "library/user.h"
#include "orm/session.h"
