/**
 * Wire helpers shared by the gateway's server and client sides: LSP base-protocol framing and the
 * JSON-RPC message shapes, built with Gson configured by LSP4J so that LSP4J types serialize as
 * LSP4J itself writes them.
 */
package dev.atelier.gateway.protocol;
