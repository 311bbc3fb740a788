/**
 * Spring Boot wiring of the language gateway: {@link
 * dev.atelier.gateway.autoconfigure.LanguageGatewayAutoConfiguration} and its settings {@link
 * dev.atelier.gateway.autoconfigure.LanguageGatewayProperties} ({@code atelier.gateway.*}).
 */
package dev.atelier.gateway.autoconfigure;
