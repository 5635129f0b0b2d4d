package org.confero.server.recording;

/** A finished recording as the API lists it: file name, size in bytes, last written (ms since the epoch). */
public record RecordingFile(String name, long bytes, long modifiedMillis) {}
