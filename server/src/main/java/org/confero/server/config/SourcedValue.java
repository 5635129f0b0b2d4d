package org.confero.server.config;

/**
 * The text of one setting as some source gave it.
 *
 * @param origin where it came from, for error messages: {@code file /etc/confero.properties},
 *     {@code environment CONFERO_SIP_PORT}, {@code flag --sip-port}
 */
record SourcedValue(String text, String origin) {}
