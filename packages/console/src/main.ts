// Entry of the console page (index.html): the page stylesheet and the elements.
import './page.css';
import './define.js';
