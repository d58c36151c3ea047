#ifndef CHARTER_CLIBGIT2_SHIM_H
#define CHARTER_CLIBGIT2_SHIM_H

#include <git2.h>

/* Version-dependent calls live here so that Swift code stays the same across libgit2 releases.
   Debian 12 ships libgit2 1.5.1. */

/// The id of a tree entry, copied out so no pointer into the tree escapes.
static inline git_oid charter_tree_entry_oid(const git_tree_entry *entry) {
    return *git_tree_entry_id(entry);
}

#endif
