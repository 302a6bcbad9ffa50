// A worker process of validate's rule checks (validate/rule-runner.ts): saxon-js and the compiled
// rules are loaded before it says it is ready, then documents and parts stream through it.
import { answerTasks } from '../corpus/processes.js';
import { saxon } from '../saxon.js';
import { checkTask } from './rule-runner.js';
import { rulesStylesheet } from './rules.js';

saxon();
rulesStylesheet();
answerTasks(checkTask);
