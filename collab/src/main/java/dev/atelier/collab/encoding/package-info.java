/**
 * lib0 binary primitives (variable-length integers, strings, byte arrays and the {@code any} value
 * encoding) as used by Yjs's v1 update format and y-protocols. Readers bounds-check every read and
 * raise {@link dev.atelier.collab.CollabException}; nothing is allocated from a length that has not
 * been checked against the bytes that remain.
 */
package dev.atelier.collab.encoding;
