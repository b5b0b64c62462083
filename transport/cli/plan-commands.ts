// `cs-analytics plans …`: billing plans (a token allowance per monthly period).
import type { Command } from 'commander';

export function addPlanCommands(_program: Command): void {}
