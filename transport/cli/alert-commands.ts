// `cs-analytics alerts …`: a tenant's webhook subscriptions and their deliveries.
import type { Command } from 'commander';

export function addAlertCommands(_program: Command): void {}
