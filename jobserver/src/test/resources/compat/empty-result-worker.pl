#!/usr/bin/perl
# A Perl worker whose results Gearman::Worker 2.004 sends as the handle alone, without a NUL:
# it writes "handle\0data" only when the data is true in Perl, so "" and "0" lose their NUL.
use strict;
use warnings;
use Gearman::Worker;
$| = 1;

my $worker = Gearman::Worker->new();
$worker->job_servers($ARGV[0] || '127.0.0.1:4730');
$worker->register_function('empty', sub { '' });
$worker->register_function('zero', sub { '0' });
$worker->register_function('empty_updates', sub {
    my $job = shift;
    $worker->send_work_data($job, '');
    $worker->send_work_warning($job, '0');
    return 'done';
});
print "ready\n";
$worker->work() while 1;
