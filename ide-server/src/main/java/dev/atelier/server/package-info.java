/** The Atelier server application: assembles the modules into one Spring Boot application. */
package dev.atelier.server;
