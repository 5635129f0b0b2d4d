/** Helpers shared by Confero's tests that start no external program (clocks). */
package org.confero.server.testing;
