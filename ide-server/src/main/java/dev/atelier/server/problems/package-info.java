/**
 * The Problems panel's data: problems reported by task output matchers and language servers, per
 * workspace.
 */
package dev.atelier.server.problems;
