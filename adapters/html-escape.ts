/**
 * Plain text as the HTML that helpdesk APIs store message bodies in, for the writers. The
 * readers' `htmlToText` turns it back into the same text (one `<p>` per line, entities decoded).
 */

/**
 * Escapes the characters HTML gives meaning to.
 * @example escapeHtml('a < b & "c"') // 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * One paragraph per line, escaped; '' stays ''.
 * @example textToHtml('Hi\nThanks') // '<p>Hi</p><p>Thanks</p>'
 */
export function textToHtml(text: string): string {
  return text ? text.split('\n').map((line) => `<p>${escapeHtml(line)}</p>`).join('') : '';
}
