/*
 * The floor of charter's history commands: the least any program over libgit2 must do to answer
 * them, against which Benchmarks/measure.py times charter (issue 10).
 *
 *     floor walk REPO          walk the history, compare each commit's roles/ with its first parent's
 *     floor log REPO           the same, and inflate each changed role file (each distinct blob once)
 *     floor blame REPO PATH    walk the history, inflate PATH (e.g. roles/cto.yaml) where it changed
 *
 * The walk is oldest first (topological, by time, reversed: what charter's engine reads). Trees are
 * compared by entry id with a merge-join over their sorted listings; an inflated blob's bytes and
 * lines are counted, nothing more. One summary line on stdout, so that nothing is optimised away.
 * Built by Benchmarks/run.sh: cc -O2 -Wall -Wextra floor.c $(pkg-config --cflags --libs libgit2)
 */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the walk saw, printed at the end. */
struct totals {
	size_t commits, changed, inflated, bytes, lines;
};

/* A set of object ids (open addressing, linear probing; the zero id marks a free slot). */
struct idset {
	git_oid *slots;
	size_t capacity, count;
};

/* Exits with libgit2's message when a call failed. */
static void check(int error, const char *what)
{
	if (error < 0) {
		const git_error *last = git_error_last();
		fprintf(stderr, "floor: %s: %s\n", what, last ? last->message : "failed");
		exit(1);
	}
}

static void *allocate(size_t count, size_t size)
{
	void *memory = calloc(count, size);
	if (!memory) {
		fprintf(stderr, "floor: out of memory\n");
		exit(1);
	}
	return memory;
}

/* Adds `id` to the set; returns 1 if it was new, 0 if it was there already. */
static int idset_add(struct idset *set, const git_oid *id)
{
	if (2 * (set->count + 1) > set->capacity) {  /* keep the set at most half full */
		struct idset grown = { allocate(set->capacity ? 2 * set->capacity : 1024, sizeof(git_oid)),
		                       set->capacity ? 2 * set->capacity : 1024, 0 };
		for (size_t i = 0; i < set->capacity; i++)
			if (!git_oid_is_zero(&set->slots[i]))
				idset_add(&grown, &set->slots[i]);
		free(set->slots);
		*set = grown;
	}
	size_t hash;  /* an object id is already a hash: its first bytes will do */
	memcpy(&hash, id->id, sizeof hash);
	for (size_t i = hash & (set->capacity - 1);; i = (i + 1) & (set->capacity - 1)) {
		if (git_oid_is_zero(&set->slots[i])) {
			git_oid_cpy(&set->slots[i], id);
			set->count++;
			return 1;
		}
		if (git_oid_equal(&set->slots[i], id))
			return 0;
	}
}

/* Inflates the blob `id` unless it was inflated before, and counts its bytes and lines. */
static void inflate(git_repository *repo, const git_oid *id, struct idset *seen, struct totals *totals)
{
	if (!idset_add(seen, id))
		return;
	git_blob *blob;
	check(git_blob_lookup(&blob, repo, id), "reading a blob");
	const char *bytes = git_blob_rawcontent(blob);
	size_t size = (size_t)git_blob_rawsize(blob);
	for (const char *at = bytes, *end = bytes + size; at < end && (at = memchr(at, '\n', (size_t)(end - at))); at++)
		totals->lines++;
	totals->bytes += size;
	totals->inflated++;
	git_blob_free(blob);
}

/* The roles/ tree of `commit`, or NULL when it has none. */
static git_tree *roles_tree(git_repository *repo, const git_commit *commit)
{
	git_tree *root, *roles = NULL;
	check(git_commit_tree(&root, commit), "reading a commit's tree");
	const git_tree_entry *entry = git_tree_entry_byname(root, "roles");
	if (entry && git_tree_entry_type(entry) == GIT_OBJECT_TREE)
		check(git_tree_lookup(&roles, repo, git_tree_entry_id(entry)), "reading roles/");
	git_tree_free(root);
	return roles;
}

/* Compares roles/ of a commit with its parent's by entry id (a merge-join on the two sorted
 * listings); counts each file added, removed or replaced, and inflates the new version if asked. */
static void compare_roles(git_repository *repo, git_tree *tree, git_tree *parent, int inflating,
                          struct idset *seen, struct totals *totals)
{
	if (tree && parent && git_oid_equal(git_tree_id(tree), git_tree_id(parent)))
		return;
	size_t n = tree ? git_tree_entrycount(tree) : 0, m = parent ? git_tree_entrycount(parent) : 0;
	for (size_t i = 0, j = 0; i < n || j < m;) {
		const git_tree_entry *mine = i < n ? git_tree_entry_byindex(tree, i) : NULL;
		const git_tree_entry *theirs = j < m ? git_tree_entry_byindex(parent, j) : NULL;
		int order = !mine ? 1 : !theirs ? -1 : git_tree_entry_cmp(mine, theirs);
		if (order > 0) {  /* removed: nothing to read */
			j++;
			totals->changed++;
			continue;
		}
		i++;
		if (order == 0) {
			j++;
			if (git_oid_equal(git_tree_entry_id(mine), git_tree_entry_id(theirs)))
				continue;
		}
		totals->changed++;  /* added or replaced */
		if (inflating && git_tree_entry_type(mine) == GIT_OBJECT_BLOB)
			inflate(repo, git_tree_entry_id(mine), seen, totals);
	}
}

/* The entry at `path` in `commit`'s tree, or NULL when there is none. */
static git_tree_entry *entry_at(const git_commit *commit, const char *path)
{
	git_tree *root;
	git_tree_entry *entry = NULL;
	check(git_commit_tree(&root, commit), "reading a commit's tree");
	int error = git_tree_entry_bypath(&entry, root, path);
	if (error != GIT_ENOTFOUND)
		check(error, path);
	git_tree_free(root);
	return entry;
}

/* Blame's walk: inflates `path` in each commit where its entry differs from the first parent's. */
static void compare_path(git_repository *repo, const git_commit *commit, const git_commit *parent,
                         const char *path, struct idset *seen, struct totals *totals)
{
	git_tree_entry *mine = entry_at(commit, path);
	git_tree_entry *theirs = parent ? entry_at(parent, path) : NULL;
	if (mine && (!theirs || !git_oid_equal(git_tree_entry_id(mine), git_tree_entry_id(theirs)))) {
		totals->changed++;
		inflate(repo, git_tree_entry_id(mine), seen, totals);
	}
	git_tree_entry_free(mine);
	git_tree_entry_free(theirs);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int blame = strcmp(mode, "blame") == 0, log = strcmp(mode, "log") == 0;
	if (!(argc == 3 && (log || strcmp(mode, "walk") == 0)) && !(argc == 4 && blame)) {
		fprintf(stderr, "usage: floor walk REPO | floor log REPO | floor blame REPO PATH\n");
		return 2;
	}
	git_libgit2_init();
	git_repository *repo;
	check(git_repository_open(&repo, argv[2]), argv[2]);
	git_revwalk *walk;
	check(git_revwalk_new(&walk, repo), "starting the walk");
	check(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE), "sorting the walk");
	check(git_revwalk_push_head(walk), "HEAD");

	struct totals totals = { 0 };
	struct idset seen = { 0 };
	git_oid id;
	int error;
	while ((error = git_revwalk_next(&id, walk)) == 0) {
		git_commit *commit, *parent = NULL;
		check(git_commit_lookup(&commit, repo, &id), "reading a commit");
		if (git_commit_parentcount(commit) > 0)
			check(git_commit_parent(&parent, commit, 0), "reading a parent");
		if (blame) {
			compare_path(repo, commit, parent, argv[3], &seen, &totals);
		} else {
			git_tree *tree = roles_tree(repo, commit), *before = parent ? roles_tree(repo, parent) : NULL;
			compare_roles(repo, tree, before, log, &seen, &totals);
			git_tree_free(tree);
			git_tree_free(before);
		}
		git_commit_free(parent);
		git_commit_free(commit);
		totals.commits++;
	}
	if (error != GIT_ITEROVER)
		check(error, "walking the history");

	printf("floor %s: %zu commits, %zu changed files, %zu blobs inflated, %zu bytes, %zu lines\n",
	       mode, totals.commits, totals.changed, totals.inflated, totals.bytes, totals.lines);
	free(seen.slots);
	git_revwalk_free(walk);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return 0;
}
