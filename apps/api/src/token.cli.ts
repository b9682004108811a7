import { parseArgs } from 'node:util';
import { signToken } from '@app/auth';
import { jwtSecret, loadConfig } from '@app/config';
import { ROLES, type Role } from '@app/eventstore';
import { loadReferenceData } from './reference-data';

const USAGE = 'Usage: npm run token -- --role <secretary|leader|officer|auditor|reporter> --unit <unit code> --name "<name>" [--sub <id>] [--expires 8h]';

/** Prints a bearer token signed with JWT_SECRET (or the development secret) for a unit in the directory. */
function main(argv: string[]): string {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: 'string' },
      unit: { type: 'string' },
      name: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string', default: '8h' },
    },
    strict: true,
  });
  const problems: string[] = [];
  if (!values.role || !ROLES.includes(values.role as Role)) problems.push(`--role must be one of ${ROLES.join(', ')}`);
  if (!values.name?.trim()) problems.push('--name is required');
  if (!/^\d+[smhd]?$/.test(values.expires ?? '')) problems.push('--expires must look like 30m, 8h or 7d');
  const config = loadConfig(process.env);
  const { directory } = loadReferenceData(config);
  if (!values.unit) problems.push('--unit is required');
  else if (!directory.has(values.unit)) {
    const examples = directory.all().slice(0, 6).map((u) => `${u.code} (${u.name})`).join(', ');
    problems.push(`--unit ${values.unit} is not in the directory; e.g. ${examples}`);
  }
  if (problems.length) throw new Error(`${problems.join('\n')}\n${USAGE}`);
  const sub = values.sub ?? `${values.role}:${values.unit}:${values.name!.trim()}`;
  const expires = /^\d+$/.test(values.expires!) ? Number(values.expires) : values.expires!;
  return signToken(jwtSecret(config), { id: sub, name: values.name!.trim(), role: values.role as Role, unit: values.unit! }, expires);
}

try {
  console.log(main(process.argv.slice(2)));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
