package org.confero.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeSet;

/** Reads a configuration file in Java properties syntax ({@code key = value}, {@code #} comments, UTF-8). */
final class PropertiesFile {
    private PropertiesFile() {}

    static void read(Path file, RawSettings into) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + describe(e));
        }
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            into.put(key, properties.getProperty(key), "file " + file);
        }
    }

    private static String describe(Exception e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
    }
}
