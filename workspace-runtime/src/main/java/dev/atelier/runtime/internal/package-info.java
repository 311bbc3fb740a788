/** Helpers shared by the runtime implementations; not part of the SPI. */
package dev.atelier.runtime.internal;
