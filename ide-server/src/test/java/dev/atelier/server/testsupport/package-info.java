/** Shared test infrastructure: databases for repository tests, the integration test base class. */
package dev.atelier.server.testsupport;
