<?php
// The talk's PHP worker ("Simple Example (PHP)") on pecl-gearman 2.x names:
// GearmanWorker / addServer / addFunction stand for gearman_worker / add_server / add_function.
list($host, $port) = explode(':', $argv[1] ?? '127.0.0.1:4730');

function my_reverse_fn($job) {
    return strrev($job->workload());
}

$worker = new GearmanWorker();
$worker->addServer($host, (int) $port);
$worker->addFunction('reverse', 'my_reverse_fn');
echo "ready\n";
while ($worker->work());
fwrite(STDERR, "work() failed: " . $worker->error() . "\n");
exit(1);
