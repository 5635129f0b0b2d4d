package org.confero.server.signalling;

/** A host whose session cookie came with the WebSocket upgrade. */
public record SignedInHost(long id, String name, boolean admin) {}
