package org.confero.server.config;

/**
 * @param rtpPortMin first UDP port for SIP legs' RTP (RTCP uses the next odd port)
 * @param rtpPortMax last UDP port for SIP legs' RTP
 * @param maxTalkers how many of the loudest speakers are mixed
 * @param opusComplexity libopus complexity 0-10: the mixer's main cost knob
 * @param mixerThreads threads ticking rooms (0 = number of cores)
 * @param requireEncryption every SIP call must offer SRTP (SDES over TLS); a plain offer gets 488
 * @param publicAddress {@code media.public-address}: the address SIP calls' SDP announces behind NAT
 */
public record MediaConfig(int rtpPortMin, int rtpPortMax, int maxTalkers, int opusComplexity, int mixerThreads,
        boolean requireEncryption, java.util.Optional<String> publicAddress) {
    public MediaConfig(int rtpPortMin, int rtpPortMax, int maxTalkers, int opusComplexity, int mixerThreads) {
        this(rtpPortMin, rtpPortMax, maxTalkers, opusComplexity, mixerThreads, false, java.util.Optional.empty());
    }

    public MediaConfig {
        Checks.port("media.rtp-port-min", rtpPortMin, false);
        Checks.port("media.rtp-port-max", rtpPortMax, false);
        if (rtpPortMax - rtpPortMin < 3) {
            throw new IllegalArgumentException("media.rtp-port-max must be at least rtp-port-min + 3");
        }
        if (maxTalkers < 1 || maxTalkers > 16) {
            throw new IllegalArgumentException("media.max-talkers must be 1-16");
        }
        if (publicAddress == null || publicAddress.filter(a -> a.equals("0.0.0.0") || a.equals("::")).isPresent()) {
            throw new IllegalArgumentException("media.public-address must be an address phones can reach, not a wildcard");
        }
        if (opusComplexity < 0 || opusComplexity > 10) {
            throw new IllegalArgumentException("media.opus-complexity must be 0-10");
        }
        if (mixerThreads < 0 || mixerThreads > 256) {
            throw new IllegalArgumentException("media.mixer-threads must be 0-256");
        }
    }
}
