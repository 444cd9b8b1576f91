#!/usr/bin/perl
# Submits one background job the way Perl users do (empty unique on the wire) and prints its handle.
use strict;
use warnings;
use Gearman::Client;

my $client = Gearman::Client->new;
$client->job_servers($ARGV[0]);
my $handle = $client->dispatch_background($ARGV[1], $ARGV[2]);
die "no handle\n" unless defined $handle;
print "$handle\n";
