/**
 * Stacks: what a workspace is built from. The model ({@link dev.atelier.stacks.Stack} and its
 * parts), the parser of stack files ({@link dev.atelier.stacks.StackParser}, a subset of
 * devcontainer.json plus {@code customizations.atelier}), its inverse ({@link
 * dev.atelier.stacks.StackWriter}), the built-in catalog ({@link dev.atelier.stacks.StackCatalog})
 * and the lookup of a repository's own stack file ({@link dev.atelier.stacks.RepositoryStacks}).
 * Errors are {@link dev.atelier.stacks.StackException}s that name the file and field.
 *
 * <p>Depends on the JDK and Jackson only, so that it is usable without Spring.
 */
package dev.atelier.stacks;
