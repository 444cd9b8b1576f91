#!/usr/bin/perl
# A reverse worker that announces each job and then hangs: killed with -9 mid-job by the tests.
use strict;
use warnings;
use Gearman::Worker;
$| = 1;

my $worker = Gearman::Worker->new();
$worker->job_servers($ARGV[0]);
$worker->register_function('reverse', sub {
    print "started " . $_[0]->arg . "\n";
    sleep 60;
    return scalar reverse $_[0]->arg;
});
$worker->work() while 1;
