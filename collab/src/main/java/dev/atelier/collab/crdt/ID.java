package dev.atelier.collab.crdt;

/**
 * Identifies one element of a document: the client that created it and that client's clock at
 * creation (one tick per element, e.g. per UTF-16 unit of text).
 *
 * @param client the creating client's id (up to 53 bits)
 * @param clock the element's position in that client's sequence
 */
public record ID(long client, long clock) {}
