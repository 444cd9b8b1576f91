<?php
// The talk's PHP client on pecl-gearman 2.x: doNormal() replaces the old do().
list($host, $port) = explode(':', $argv[1] ?? '127.0.0.1:4730');

$client = new GearmanClient();
$client->addServer($host, (int) $port);
$result = $client->doNormal('reverse', $argv[2] ?? 'MySQL Webinar');
if ($client->returnCode() != GEARMAN_SUCCESS) {
    fwrite(STDERR, "doNormal failed: " . $client->error() . " (" . $client->returnCode() . ")\n");
    exit(1);
}
print "$result\n";
