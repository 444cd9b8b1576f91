<?php
// Submits one background job and prints its handle.
list($host, $port) = explode(':', $argv[1]);

$client = new GearmanClient();
$client->addServer($host, (int) $port);
$handle = $client->doBackground($argv[2], $argv[3]);
if ($client->returnCode() != GEARMAN_SUCCESS) {
    fwrite(STDERR, "doBackground failed: " . $client->error() . "\n");
    exit(1);
}
print "$handle\n";
