#ifndef CHARTER_CLIBGIT2_SHIM_H
#define CHARTER_CLIBGIT2_SHIM_H

#include <git2.h>

/* Version-dependent calls live here so that Swift code stays the same across libgit2 releases.
   Debian 12 ships libgit2 1.5.1. */

/// The id of a tree entry, copied out so no pointer into the tree escapes.
static inline git_oid charter_tree_entry_oid(const git_tree_entry *entry) {
    return *git_tree_entry_id(entry);
}

/// Caps libgit2's object cache (256 MiB by default): a walk over ten thousand commits would
/// otherwise keep every tree it has seen. git_libgit2_opts is variadic, so Swift calls it here.
static inline int charter_set_object_cache_limit(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)bytes);
}

/// Whether every object read is hashed again to check its id (libgit2's default). git itself does
/// not: zlib's checksum already catches a damaged object, and `git fsck` checks ids.
static inline int charter_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

#endif
