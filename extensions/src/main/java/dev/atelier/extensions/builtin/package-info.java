/**
 * The extensions Atelier ships with that need nothing but this API: the Java, Python,
 * TypeScript/JavaScript and C/C++ language setups (languages, server launch, problem matchers,
 * debug adapter types, stacks) and the plain file formats the editor highlights.
 */
package dev.atelier.extensions.builtin;
