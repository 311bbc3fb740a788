/**
 * Problem matchers: turn the output of compilers and interpreters (javac and Maven, gcc and clang,
 * Python tracebacks, TypeScript) into {@link dev.atelier.server.problems.Problem}s with
 * workspace-relative paths.
 */
package dev.atelier.server.tasks.matchers;
