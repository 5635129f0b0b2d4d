package org.confero.server.meeting;

/** What a person is in a meeting: a host runs it (lobby, mute, remove, lock, end), a participant takes part. */
public enum Role {
    HOST, PARTICIPANT
}
