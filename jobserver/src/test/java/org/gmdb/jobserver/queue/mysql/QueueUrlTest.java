package org.gmdb.jobserver.queue.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QueueUrlTest {

    @Test
    void shouldApplyDefaultsToAMinimalUrl() {
        QueueUrl url = QueueUrl.parse("mysql://root@127.0.0.1/gearman");

        assertEquals(new QueueUrl("root", "", "127.0.0.1", 3306, "gearman", "gearman_queue", 2, 2000),
                url);
    }

    @Test
    void shouldReadEveryPartAndParameter() {
        QueueUrl url = QueueUrl.parse(
                "mysql://gm:s3cret@db.example:3307/q_1?table=jobs&poolSize=4&connectTimeoutMs=500");

        assertEquals(new QueueUrl("gm", "s3cret", "db.example", 3307, "q_1", "jobs", 4, 500), url);
        assertEquals("jdbc:mysql://db.example:3307/q_1?connectTimeout=500&socketTimeout=60000"
                + "&tcpKeepAlive=true&characterEncoding=UTF-8", url.jdbcUrl(true));
        assertEquals("jdbc:mysql://db.example:3307/?connectTimeout=500&socketTimeout=60000"
                + "&tcpKeepAlive=true&characterEncoding=UTF-8", url.jdbcUrl(false));
    }

    @Test
    void shouldDecodePercentEscapesButKeepPlusInThePassword() {
        QueueUrl url = QueueUrl.parse("mysql://us%3Aer:p%40ss+w%2Frd@h/db");

        assertEquals("us:er", url.user());
        assertEquals("p@ss+w/rd", url.password());
    }

    @Test
    void shouldAcceptAnIpv6HostInBrackets() {
        QueueUrl url = QueueUrl.parse("mysql://root@[::1]:3310/db");

        assertEquals("::1", url.host());
        assertEquals(3310, url.port());
        assertEquals("jdbc:mysql://[::1]:3310/db", url.jdbcUrl(true).substring(0, 26));
    }

    @Test
    void shouldHideThePasswordWhenPrinted() {
        QueueUrl url = QueueUrl.parse("mysql://root:topsecret@h/db");

        assertFalse(url.toString().contains("topsecret"), url.toString());
        assertEquals("mysql://root:***@h:3306/db?table=gearman_queue&poolSize=2&connectTimeoutMs=2000",
                url.toString());
    }

    @Test
    void shouldExplainTheExpectedFormForSomethingElse() {
        assertEquals("queue URL 'foo' is not mysql://user[:password]@host[:port]/database: "
                + "it must start with mysql://", message("foo"));
        assertEquals("queue URL 'mysql://root@h' is not mysql://user[:password]@host[:port]/database: "
                + "the database is missing", message("mysql://root@h"));
        assertEquals("queue URL 'mysql://h/db' is not mysql://user[:password]@host[:port]/database: "
                + "the user is missing", message("mysql://h/db"));
        assertEquals("queue URL 'mysql://root@:3306/db' is not mysql://user[:password]@host[:port]/database: "
                + "the host is missing", message("mysql://root@:3306/db"));
    }

    @Test
    void shouldNameTheBadPartWithNumbers() {
        assertEquals("queue URL 'mysql://root@h:99999/db': queue port 99999 (expected: 1..65535)",
                message("mysql://root@h:99999/db"));
        assertEquals("queue URL 'mysql://root@h:x/db': port 'x' is not a number",
                message("mysql://root@h:x/db"));
        assertEquals("queue URL 'mysql://root@h/db?poolSize=0': queue poolSize 0 (expected: 1..64)",
                message("mysql://root@h/db?poolSize=0"));
        assertEquals("queue URL 'mysql://root@h/d-b': queue database name 'd-b' "
                + "(expected: 1..64 of [A-Za-z0-9_$])", message("mysql://root@h/d-b"));
        assertEquals("queue URL 'mysql://root@h/db?table=x;drop': queue table name 'x;drop' "
                + "(expected: 1..64 of [A-Za-z0-9_])", message("mysql://root@h/db?table=x;drop"));
    }

    @Test
    void shouldRefuseUnknownOrRepeatedParameters() {
        assertEquals("queue URL 'mysql://root@h/db?tabel=x' is not "
                + "mysql://user[:password]@host[:port]/database: unknown parameter 'tabel' "
                + "(expected: table, poolSize, connectTimeoutMs)", message("mysql://root@h/db?tabel=x"));
        assertEquals("queue URL 'mysql://root@h/db?table=a&table=b' is not "
                + "mysql://user[:password]@host[:port]/database: parameter 'table' given twice",
                message("mysql://root@h/db?table=a&table=b"));
    }

    @Test
    void shouldNotRevealThePasswordInErrors() {
        assertEquals("queue URL 'mysql://root:***@h:0/db': queue port 0 (expected: 1..65535)",
                message("mysql://root:hunter2@h:0/db"));
    }

    private static String message(String url) {
        return assertThrows(IllegalArgumentException.class, () -> QueueUrl.parse(url)).getMessage();
    }
}
