import { describe, expect, it } from 'vitest';
import { hoursText, lifecycleForm, lifecyclePatch, pollText } from './lifecycle-form.ts';

describe('lifecycle settings form', () => {
  it('reads as a person says it', () => {
    expect(pollText(60)).toBe('каждые 1 мин');
    expect(pollText(45)).toBe('каждые 45 с');
    expect(hoursText(23.5)).toBe('23,5 ч');
  });

  it('round-trips the values, no close time as empty', () => {
    const form = lifecycleForm({ status_poll_seconds: 60, shift_close_time: null, shift_max_hours: 23.5 });
    expect(form).toEqual({ status_poll_seconds: '60', shift_close_time: '', shift_max_hours: '23,5' });
    expect(lifecyclePatch(form).patch).toEqual({
      status_poll_seconds: 60,
      shift_close_time: null,
      shift_max_hours: 23.5,
    });
    expect(lifecyclePatch({ ...form, shift_close_time: '23:45' }).patch?.shift_close_time).toBe('23:45');
  });

  it('refuses what the server would', () => {
    const { patch, errors } = lifecyclePatch({
      status_poll_seconds: '5',
      shift_close_time: '24:00',
      shift_max_hours: '24',
    });
    expect(patch).toBeNull();
    expect(Object.keys(errors).sort()).toEqual([
      'shift_close_time',
      'shift_max_hours',
      'status_poll_seconds',
    ]);
  });
});
