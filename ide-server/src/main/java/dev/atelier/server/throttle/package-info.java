/**
 * Throttling of guesses: failed sign-ins, invalid API tokens and share-link secrets slow down the
 * client that makes them ({@link dev.atelier.server.throttle.Throttle}), per account and per client
 * address ({@link dev.atelier.server.throttle.ClientAddress}), with growing delays and never a
 * permanent lock.
 */
package dev.atelier.server.throttle;
