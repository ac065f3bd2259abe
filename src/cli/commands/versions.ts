import { Command, flag } from '../command';
import { versionsReport } from '../versions';

export const versionsCommand: Command = {
  name: 'versions',
  summary: 'print the supported Kubernetes versions and the component compatibility matrix',
  synopsis: '[--markdown]',
  options: {
    markdown: { type: 'boolean', description: "print the matrix as the README's Markdown table" },
  },
  run(args, io) {
    versionsReport({ markdown: flag(args, 'markdown') }).forEach((line) => io.out(line));
    return 0;
  },
};
