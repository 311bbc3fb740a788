package dev.atelier.runtime.spi;

/**
 * A TCP port a workspace process listens on.
 *
 * @param port the port number
 * @param address the bound address as text, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param process a short name of the listening process when known, else empty
 */
public record ListeningPort(int port, String address, String process) {}
