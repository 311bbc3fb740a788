/**
 * Planning language server processes from a stack: which command runs for which languages and files
 * ({@link dev.atelier.gateway.launch.ServerLaunch}, {@link
 * dev.atelier.gateway.launch.FileLanguages}), and how Eclipse JDT LS is found and started inside a
 * workspace ({@link dev.atelier.gateway.launch.JdtLanguageServer}).
 */
package dev.atelier.gateway.launch;
