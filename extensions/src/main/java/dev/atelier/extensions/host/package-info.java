/**
 * The server's side of the extension API: loading built-in and jar extensions ({@link
 * dev.atelier.extensions.host.Extensions}), manifests, and the registry of accepted contributions.
 */
package dev.atelier.extensions.host;
