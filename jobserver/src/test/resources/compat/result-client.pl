#!/usr/bin/perl
# Runs one job and prints each WORK_DATA, each WORK_WARNING and the result, in brackets so that
# an empty value shows: "data=[]", "warning=[]", "result=[]".
use strict;
use warnings;
use Gearman::Client;
$| = 1;

my $client = Gearman::Client->new;
$client->job_servers($ARGV[0] || '127.0.0.1:4730');
my $ref = $client->do_task($ARGV[1], $ARGV[2] // 'x', {
    on_data    => sub { print "data=[${$_[0]}]\n" },
    on_warning => sub { print "warning=[${$_[0]}]\n" },
});
die "no result\n" unless defined $ref;
print "result=[$$ref]\n";
