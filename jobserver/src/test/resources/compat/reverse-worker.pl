#!/usr/bin/perl
# The talk's Perl worker ("Simple Example (Perl)"); only the job server address is a parameter.
use strict;
use warnings;
use Gearman::Worker;
$| = 1;

sub my_reverse_fn {
    reverse $_[0]->arg;
}

my $worker = Gearman::Worker->new();
$worker->job_servers($ARGV[0] || '127.0.0.1:4730');
$worker->register_function('reverse', \&my_reverse_fn);
print "ready\n";
$worker->work() while 1;
