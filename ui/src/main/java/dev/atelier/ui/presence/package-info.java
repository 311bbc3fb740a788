/**
 * The presence list of a workspace ({@code <atelier-presence>}): who is there, which file each
 * person has open, follow mode and lecture mode, over the hub's workspace presence room.
 */
package dev.atelier.ui.presence;
