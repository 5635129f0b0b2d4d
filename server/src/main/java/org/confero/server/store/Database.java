package org.confero.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.confero.server.config.StorageConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool to the one database that keeps hosts, sessions, API tokens and rooms, migrated to the
 * current schema when opened ({@code db/migration/V*.sql}, the same files for H2 and PostgreSQL).
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final String kind;

    private Database(HikariDataSource pool, String kind) {
        this.pool = pool;
        this.kind = kind;
    }

    /** Opens (creating when needed) the configured database and brings its schema up to date. */
    public static Database open(StorageConfig config, Path dataDir) {
        return open(config.effectiveUrl(dataDir), config.user(), config.password());
    }

    public static Database open(String jdbcUrl, String user, String password) {
        HikariConfig hikari = new HikariConfig();
        boolean h2 = jdbcUrl.startsWith("jdbc:h2:");
        // H2 flushes a commit after WRITE_DELAY ms by default: 0 makes a committed room survive kill -9.
        hikari.setJdbcUrl(h2 && !jdbcUrl.contains("WRITE_DELAY") ? jdbcUrl + ";WRITE_DELAY=0" : jdbcUrl);
        if (!user.isEmpty()) {
            hikari.setUsername(user);
        }
        if (!password.isEmpty()) {
            hikari.setPassword(password);
        }
        hikari.setPoolName("storage");
        hikari.setMaximumPoolSize(8);
        hikari.setMinimumIdle(1);
        hikari.setConnectionTimeout(5_000);
        // A PostgreSQL server may still be starting; a locked H2 file will not unlock by waiting.
        hikari.setInitializationFailTimeout(h2 ? 1 : 10_000);
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            MigrateResult result = Flyway.configure().dataSource(pool).locations("classpath:db/migration")
                    .load().migrate();
            String kind = h2 ? "H2" : "PostgreSQL";
            LOG.info("storage {} at schema version {} ({} migrations applied)", kind,
                    result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion,
                    result.migrationsExecuted);
            return new Database(pool, kind);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /** "H2" or "PostgreSQL". */
    public String kind() {
        return kind;
    }

    @Override
    public void close() {
        pool.close();
    }
}
