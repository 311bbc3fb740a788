/**
 * Running the contributed problem matchers over task output ({@link
 * dev.atelier.server.tasks.matchers.ProblemScanner}) and mapping the paths tools print to
 * workspace-relative ones ({@link dev.atelier.server.tasks.matchers.WorkspacePaths}). The matchers
 * themselves come from extensions (the built-in ones: javac/Maven, gcc/clang, tsc, Python
 * tracebacks).
 */
package dev.atelier.server.tasks.matchers;
