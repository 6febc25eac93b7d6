import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderTemplate, templateFields } from '../src/index.js';

describe('renderTemplate', () => {
  const event = {
    event_type: 'connect',
    user: 'www-data',
    hostname: 'web-1',
    exe: '/usr/bin/python3',
    args: ['python3', '-c', 'import pty'],
    dst_ip: '203.0.113.7',
    dst_port: 4444,
    src_ip: '10.0.0.5',
    success: false,
    tty: null,
    extra: { a: 1 },
  };

  test('fills fields, numbers and booleans', () => {
    assert.equal(renderTemplate('Sudo by {{user}} on {{hostname}}', event), 'Sudo by www-data on web-1');
    assert.equal(renderTemplate('{{dst_ip}}:{{dst_port}} ok={{success}}', event), '203.0.113.7:4444 ok=false');
  });

  test('arrays are joined by spaces; derived fields work', () => {
    assert.equal(renderTemplate('{{args}}', event), 'python3 -c import pty');
    assert.equal(renderTemplate('{{arguments}} → {{ip}}:{{port}}', event), 'python3 -c import pty → 203.0.113.7:4444');
  });

  test('missing and null fields render empty', () => {
    assert.equal(renderTemplate('[{{tty}}][{{nope}}][{{filename}}]', event), '[][][]');
  });

  test('spaces inside braces; non-placeholders are kept', () => {
    assert.equal(renderTemplate('{{ user }} {{user}} {user} {{ }} {{a b}} {{{user}}}', event), 'www-data www-data {user} {{ }} {{a b}} {www-data}');
    assert.equal(renderTemplate('no placeholders', event), 'no placeholders');
    assert.equal(renderTemplate('', event), '');
  });

  test('objects render as JSON and $ patterns are not special', () => {
    assert.equal(renderTemplate('{{extra}}', event), '{"a":1}');
    assert.equal(renderTemplate('{{user}}', { user: '$& $1 $$' }), '$& $1 $$');
  });
});

describe('templateFields', () => {
  test('lists placeholders once, in order', () => {
    assert.deepEqual(templateFields('{{user}} ran {{ command }} as {{user}} on {{hostname}}'), ['user', 'command', 'hostname']);
    assert.deepEqual(templateFields('none'), []);
  });
});
