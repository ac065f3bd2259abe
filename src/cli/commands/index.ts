import { Command } from '../command';
import { bundleCommand } from './bundle';
import { diffCommand } from './diff';
import { imagesCommand } from './images';
import { initCommand } from './init';
import { schemaCommand } from './schema';
import { synthCommand } from './synth';
import { validateCommand } from './validate';
import { verifyCommand } from './verify';
import { versionsCommand } from './versions';

/** Every `hanok` command, in the order the help lists them. A new command is a module here and one line below. */
export const COMMANDS: readonly Command[] = [synthCommand, validateCommand, imagesCommand, bundleCommand, verifyCommand, versionsCommand, initCommand, diffCommand, schemaCommand];
