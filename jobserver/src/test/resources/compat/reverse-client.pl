#!/usr/bin/perl
# The talk's Perl client; prints "ranibeW LQSyM" when a reverse worker runs.
use strict;
use warnings;
use Gearman::Client;

my $client = Gearman::Client->new;
$client->job_servers($ARGV[0] || '127.0.0.1:4730');
my $ref = $client->do_task('reverse', $ARGV[1] // 'MySQL Webinar');
die "no result\n" unless defined $ref;
print "$$ref\n";
