/**
 * The language a new person is first written to in, guessed from what they (or the agent logging
 * their call) wrote: text with Chinese characters makes zh-CN, anything else en. They can choose
 * another in their profile; this only decides the first mail.
 */
export const guessLocale = (text: string) => (/[\u3400-\u9fff]/.test(text) ? 'zh-CN' : 'en');
