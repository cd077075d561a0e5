import { describe, expect, it } from 'vitest';
import { genericCsv } from '../../adapters/generic-csv.js';
import { loadMapping, mappingPresets } from '../../adapters/mapping.js';
import { readAll } from '../helpers/read-adapter.js';

const read = (preset: string, tz = 'UTC') => readAll(genericCsv, `test/fixtures/presets/${preset}.csv`, { mapping: loadMapping(preset), tz });

describe('mapping presets', () => {
  it('ships the presets the README lists', () => {
    expect(mappingPresets()).toEqual(expect.arrayContaining(['cfpb', 'hubspot', 'jira-service-management', 'kaggle-support', 'servicenow']));
  });

  it('hubspot: labels as headers, portal-zone dates, no thread', async () => {
    const { tickets, rejections } = await read('hubspot', 'America/New_York');
    expect(rejections).toEqual([]);
    expect(tickets[0]).toMatchObject({
      id: '41122334455', subject: 'Invoice shows wrong VAT', channel: 'email', status: 'closed', priority: 'high',
      group: 'Support Pipeline', requester: 'ana@example.com', tags: ['Billing issue'], messages: [],
      createdAt: Date.UTC(2024, 2, 1, 20, 17), solvedAt: Date.UTC(2024, 2, 2, 14, 0),
    });
    expect(tickets[1]).toMatchObject({ id: '41122334456', channel: 'chat', priority: 'medium' });
    expect(tickets[1].solvedAt).toBeUndefined();
  });

  it('servicenow: journals split into public comments and internal work notes', async () => {
    const { tickets, rejections } = await read('servicenow');
    expect(rejections).toEqual([]);
    expect(tickets[0]).toMatchObject({ id: 'INC0012345', channel: 'email', group: 'Service Desk', requester: 'Abel Tuter', tags: ['inquiry'] });
    expect(tickets[0].messages).toEqual([
      { at: Date.UTC(2024, 2, 5, 15, 0), role: 'agent', public: false, text: 'Verified identity by phone' },
      { at: Date.UTC(2024, 2, 5, 15, 1), role: 'agent', public: true, text: 'I have reset your password, please try again.' },
      { at: Date.UTC(2024, 2, 5, 16, 40, 12), role: 'customer', public: true, text: 'Works now, thank you' },
    ]);
    expect(tickets[1]).toMatchObject({ id: 'INC0012346', channel: 'web', messages: [] });
  });

  it('jira-service-management: repeated Comment columns read by position, Jira dates', async () => {
    const { tickets, rejections } = await read('jira-service-management');
    expect(rejections).toEqual([]);
    expect(tickets[0]).toMatchObject({
      id: 'HELP-101', createdAt: Date.UTC(2024, 2, 14, 14, 15), solvedAt: Date.UTC(2024, 2, 15, 9), channel: 'web', group: 'Billing', tags: ['billing'],
    });
    expect(tickets[0].messages).toEqual([
      { at: Date.UTC(2024, 2, 14, 15, 0), role: 'agent', public: true, text: 'We have refunded the duplicate charge; it shows in 5 days.' },
      { at: Date.UTC(2024, 2, 15, 8, 55), role: 'customer', public: true, text: 'Thanks, that fixed it' },
    ]);
    expect(tickets[1]).toMatchObject({ id: 'HELP-102', channel: 'email', messages: [] });
  });
});
