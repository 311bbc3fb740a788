/** Spring Boot auto-configuration of the extension host (optional: the API needs no Spring). */
package dev.atelier.extensions.autoconfigure;
