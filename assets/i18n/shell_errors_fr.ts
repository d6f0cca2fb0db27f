<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>Errors</name>
    <message>
        <source>Something went wrong.</source>
        <translation>Un problème est survenu.</translation>
    </message>
    <message>
        <source>Some information is not valid.</source>
        <translation>Certaines informations ne sont pas valables.</translation>
    </message>
    <message>
        <source>This item is not on this PC.</source>
        <translation>Cet élément n’est pas sur ce PC.</translation>
    </message>
    <message>
        <source>This action is not allowed.</source>
        <translation>Cette action n’est pas autorisée.</translation>
    </message>
    <message>
        <source>This was changed elsewhere at the same time. Try again.</source>
        <translation>Ceci a été modifié ailleurs au même moment. Réessayez.</translation>
    </message>
    <message>
        <source>The data could not be saved.</source>
        <translation>Les données n’ont pas pu être enregistrées.</translation>
    </message>
    <message>
        <source>The data folder cannot be used (missing, full or read-only).</source>
        <translation>Le dossier de données est inutilisable (absent, plein ou en lecture seule).</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <source>The data is too large.</source>
        <translation>Les données sont trop volumineuses.</translation>
    </message>
    <message>
        <source>The date is not valid.</source>
        <translation>La date n'est pas valide.</translation>
    </message>
    <message>
        <source>Please type a name.</source>
        <translation>Veuillez saisir un nom.</translation>
    </message>
    <message>
        <source>The name is too long.</source>
        <translation>Le nom est trop long.</translation>
    </message>
    <message>
        <source>A PIN has 4 to 6 digits.</source>
        <translation>Un code PIN a de 4 à 6 chiffres.</translation>
    </message>
    <message>
        <source>This profile is protected by a PIN.</source>
        <translation>Ce profil est protégé par un code PIN.</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>Code PIN erroné.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Wait a moment and try again.</source>
        <translation>Trop de codes PIN erronés. Attendez un moment et réessayez.</translation>
    </message>
    <message>
        <source>Choose your PIN before opening this profile the first time.</source>
        <translation>Choisissez votre code PIN avant d’ouvrir ce profil pour la première fois.</translation>
    </message>
    <message>
        <source>This profile already has a PIN. Ask your facilitator to change it.</source>
        <translation>Ce profil a déjà un code PIN. Demandez à votre animateur·rice de le changer.</translation>
    </message>
    <message>
        <source>Choose a gender from the list.</source>
        <translation>Choisissez un genre dans la liste.</translation>
    </message>
    <message>
        <source>Choose an age band from the list.</source>
        <translation>Choisissez une tranche d’âge dans la liste.</translation>
    </message>
    <message>
        <source>Choose a category from the list.</source>
        <translation>Choisissez une catégorie dans la liste.</translation>
    </message>
    <message>
        <source>The country must be a two-letter code, e.g. SN.</source>
        <translation>Le pays doit être un code à deux lettres, par exemple SN.</translation>
    </message>
    <message>
        <source>Choose a campaign from the list.</source>
        <translation>Choisissez une campagne dans la liste.</translation>
    </message>
    <message>
        <source>This part of the profile cannot be changed here.</source>
        <translation>Cette partie du profil ne peut pas être modifiée ici.</translation>
    </message>
    <message>
        <source>Answer at least one question first.</source>
        <translation>Répondez d’abord à au moins une question.</translation>
    </message>
    <message>
        <source>An answer refers to a question that is not in this quiz.</source>
        <translation>Une réponse renvoie à une question absente de ce quiz.</translation>
    </message>
    <message>
        <source>This activity cannot be recorded by this version of the application.</source>
        <translation>Cette activité ne peut pas être enregistrée par cette version de l’application.</translation>
    </message>
    <message>
        <source>This activity is incomplete and was not recorded.</source>
        <translation>Cette activité est incomplète : elle n’a pas été enregistrée.</translation>
    </message>
    <message>
        <source>The new course cannot be created here (the folder is not empty?).</source>
        <translation>Le nouveau cours ne peut pas être créé ici (le dossier n’est pas vide ?).</translation>
    </message>
    <message>
        <source>This quiz file cannot be read (not found, not a known format, or damaged).</source>
        <translation>Ce fichier de quiz est illisible (introuvable, format inconnu ou abîmé).</translation>
    </message>
    <message>
        <source>No question of this file could be imported.</source>
        <translation>Aucune question de ce fichier n’a pu être importée.</translation>
    </message>
    <message>
        <source>This quiz file is too large.</source>
        <translation>Ce fichier de quiz est trop volumineux.</translation>
    </message>
    <message>
        <source>This quiz file looks dangerous; it was refused.</source>
        <translation>Ce fichier de quiz semble dangereux ; il a été refusé.</translation>
    </message>
    <message>
        <source>This answer does not fit the question.</source>
        <translation>Cette réponse ne correspond pas à la question.</translation>
    </message>
    <message>
        <source>This text is too long.</source>
        <translation>Ce texte est trop long.</translation>
    </message>
    <message>
        <source>This file is not a valid course pack.</source>
        <translation>Ce fichier n’est pas un paquet de cours valable.</translation>
    </message>
    <message>
        <source>This pack is signed by a publisher this computer does not trust.</source>
        <translation>Ce paquet est signé par un éditeur auquel cet ordinateur ne fait pas confiance.</translation>
    </message>
    <message>
        <source>The pack's signature is wrong: it was altered or damaged.</source>
        <translation>La signature du paquet est fausse : il a été modifié ou abîmé.</translation>
    </message>
    <message>
        <source>A file in the pack is damaged (its fingerprint does not match).</source>
        <translation>Un fichier du paquet est abîmé (son empreinte ne correspond pas).</translation>
    </message>
    <message>
        <source>A file in the pack is damaged (wrong size).</source>
        <translation>Un fichier du paquet est abîmé (taille incorrecte).</translation>
    </message>
    <message>
        <source>The pack is incomplete.</source>
        <translation>Le paquet est incomplet.</translation>
    </message>
    <message>
        <source>The pack contains files it should not.</source>
        <translation>Le paquet contient des fichiers qu'il ne devrait pas contenir.</translation>
    </message>
    <message>
        <source>This file is not a complete course pack (damaged or cut short).</source>
        <translation>Ce fichier n'est pas un paquet de cours complet (abîmé ou tronqué).</translation>
    </message>
    <message>
        <source>The pack contains dangerous file names; it was refused.</source>
        <translation>Le paquet contient des noms de fichiers dangereux ; il a été refusé.</translation>
    </message>
    <message>
        <source>The pack contains links to other files; it was refused.</source>
        <translation>Le paquet contient des liens vers d'autres fichiers ; il a été refusé.</translation>
    </message>
    <message>
        <source>The pack contains the same file twice; it was refused.</source>
        <translation>Le paquet contient deux fois le même fichier ; il a été refusé.</translation>
    </message>
    <message>
        <source>The pack looks like a trap (impossible sizes); it was refused.</source>
        <translation>Le paquet ressemble à un piège (tailles impossibles) ; il a été refusé.</translation>
    </message>
    <message>
        <source>The pack is too big or too complex to be a course pack.</source>
        <translation>Le paquet est trop gros ou trop complexe pour être un paquet de cours.</translation>
    </message>
    <message>
        <source>The pack's description of the course is invalid.</source>
        <translation>La description du cours dans le paquet n'est pas valide.</translation>
    </message>
    <message>
        <source>The pack's description of the course is unreadable.</source>
        <translation>La description du cours dans le paquet est illisible.</translation>
    </message>
    <message>
        <source>The pack's description of the course is far too large.</source>
        <translation>La description du cours dans le paquet est beaucoup trop grande.</translation>
    </message>
    <message>
        <source>This pack needs a newer version of the application.</source>
        <translation>Ce paquet nécessite une version plus récente de l'application.</translation>
    </message>
    <message>
        <source>A newer version of this course is already installed.</source>
        <translation>Une version plus récente de ce cours est déjà installée.</translation>
    </message>
    <message>
        <source>Not enough free disk space.</source>
        <translation>Pas assez d'espace libre sur le disque.</translation>
    </message>
    <message>
        <source>The download failed. Try again later: it will resume where it stopped.</source>
        <translation>Le téléchargement a échoué. Réessayez plus tard : il reprendra là où il s'est arrêté.</translation>
    </message>
    <message>
        <source>The server refused the request.</source>
        <translation>Le serveur a refusé la demande.</translation>
    </message>
    <message>
        <source>The server's course list is unreadable.</source>
        <translation>La liste des cours du serveur est illisible.</translation>
    </message>
    <message>
        <source>Enter the address of a course server.</source>
        <translation>Saisissez l'adresse d'un serveur de cours.</translation>
    </message>
    <message>
        <source>This is not a server address. Type it like http://192.168.1.10:8765</source>
        <translation>Ce n'est pas une adresse de serveur. Tapez-la comme ceci : http://192.168.1.10:8765</translation>
    </message>
    <message>
        <source>The file cannot be read.</source>
        <translation>Le fichier ne peut pas être lu.</translation>
    </message>
    <message>
        <source>A part of this split course pack is missing or damaged: copy it again.</source>
        <translation>Une partie de ce paquet de cours découpé manque ou est abîmée : copiez-la de nouveau.</translation>
    </message>
    <message>
        <source>The stick cannot be used.</source>
        <translation>Cette clé ne peut pas être utilisée.</translation>
    </message>
    <message>
        <source>The stick is not there: plug it in, or choose its folder again.</source>
        <translation>La clé n'est pas là : branchez-la, ou choisissez de nouveau son dossier.</translation>
    </message>
    <message>
        <source>Choose what to put on the stick: the application, course packs, or both.</source>
        <translation>Choisissez quoi mettre sur la clé : l'application, des paquets de cours, ou les deux.</translation>
    </message>
    <message>
        <source>This folder is not the application (a build made for sticks).</source>
        <translation>Ce dossier n'est pas l'application (une version construite pour les clés).</translation>
    </message>
    <message>
        <source>This folder holds no valid course pack.</source>
        <translation>Ce dossier ne contient aucun paquet de cours valide.</translation>
    </message>
    <message>
        <source>A stick (FAT32) cannot hold these files as they are: a name or a size is not allowed.</source>
        <translation>Une clé (FAT32) ne peut pas contenir ces fichiers tels quels : un nom ou une taille n'est pas autorisé.</translation>
    </message>
    <message>
        <source>Not enough space on the stick. Nothing was written.</source>
        <translation>Pas assez de place sur la clé. Rien n'a été écrit.</translation>
    </message>
    <message>
        <source>A file could not be read or written.</source>
        <translation>Un fichier n'a pas pu être lu ou écrit.</translation>
    </message>
    <message>
        <source>The stick's list of files is damaged: repair it from another stick, or prepare it again.</source>
        <translation>La liste des fichiers de la clé est abîmée : réparez-la depuis une autre clé, ou préparez-la de nouveau.</translation>
    </message>
    <message>
        <source>This stick was not prepared by the application.</source>
        <translation>Cette clé n'a pas été préparée par l'application.</translation>
    </message>
    <message>
        <source>Choose a folder or another stick holding good copies.</source>
        <translation>Choisissez un dossier ou une autre clé qui contient de bonnes copies.</translation>
    </message>
    <message>
        <source>The course files on this PC cannot be written.</source>
        <translation>Les fichiers des cours ne peuvent pas être écrits sur ce PC.</translation>
    </message>
    <message>
        <source>Another installation is running. Try again in a moment.</source>
        <translation>Une autre installation est en cours. Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>Some installed files are damaged. Use “Verify my content”.</source>
        <translation>Certains fichiers installés sont abîmés. Utilisez « Vérifier mon contenu ».</translation>
    </message>
    <message>
        <source>This course is not installed.</source>
        <translation>Ce cours n’est pas installé.</translation>
    </message>
    <message>
        <source>This file is not part of the course.</source>
        <translation>Ce fichier ne fait pas partie du cours.</translation>
    </message>
    <message>
        <source>The course source folder is not valid.</source>
        <translation>Le dossier source du cours n’est pas valable.</translation>
    </message>
    <message>
        <source>The publisher key cannot be used.</source>
        <translation>La clé de l’éditeur est inutilisable.</translation>
    </message>
    <message>
        <source>The exam key of this course cannot be used.</source>
        <translation>La clé d’examen de ce cours est inutilisable.</translation>
    </message>
    <message>
        <source>Synchronisation failed.</source>
        <translation>La synchronisation a échoué.</translation>
    </message>
    <message>
        <source>No connection to the server. Your work is kept on this PC and will be sent later.</source>
        <translation>Pas de connexion au serveur. Votre travail est gardé sur ce PC et sera envoyé plus tard.</translation>
    </message>
    <message>
        <source>The server is too slow to answer. We will try again.</source>
        <translation>Le serveur met trop de temps à répondre. Nous réessaierons.</translation>
    </message>
    <message>
        <source>The server has a problem. We will try again later.</source>
        <translation>Le serveur a un problème. Nous réessaierons plus tard.</translation>
    </message>
    <message>
        <source>The answer from the server was damaged. We will try again.</source>
        <translation>La réponse du serveur est arrivée abîmée. Nous réessaierons.</translation>
    </message>
    <message>
        <source>This PC is no longer allowed to sync. Ask your facilitator for a new code.</source>
        <translation>Ce PC n'a plus le droit de synchroniser. Demandez un nouveau code à votre animateur ou animatrice.</translation>
    </message>
    <message>
        <source>This PC is not connected to a server yet.</source>
        <translation>Ce PC n'est pas encore relié à un serveur.</translation>
    </message>
    <message>
        <source>This code is wrong, already used or expired.</source>
        <translation>Ce code est faux, déjà utilisé ou expiré.</translation>
    </message>
    <message>
        <source>Too many attempts. Wait a few minutes and try again.</source>
        <translation>Trop d'essais. Attendez quelques minutes puis réessayez.</translation>
    </message>
    <message>
        <source>The centre could not reach the programme's server to check this account. Try again later.</source>
        <translation>Le centre n'a pas pu joindre le serveur du programme pour vérifier ce compte. Réessayez plus tard.</translation>
    </message>
    <message>
        <source>This file is damaged or was changed. It was not used.</source>
        <translation>Ce fichier est abîmé ou a été modifié. Il n'a pas été utilisé.</translation>
    </message>
    <message>
        <source>This file was written by this PC: import it on another PC.</source>
        <translation>Ce fichier a été écrit par ce PC : importez-le sur un autre PC.</translation>
    </message>
    <message>
        <source>Exchange one USB file with the server first, then try again.</source>
        <translation>Échangez d’abord un fichier USB avec le serveur, puis réessayez.</translation>
    </message>
    <message>
        <source>Some activities could not be read. They were not used.</source>
        <translation>Certaines activités n’ont pas pu être lues. Elles n’ont pas été utilisées.</translation>
    </message>
    <message>
        <source>An activity could not be read. It was not used.</source>
        <translation>Une activité n’a pas pu être lue. Elle n’a pas été utilisée.</translation>
    </message>
    <message>
        <source>The data was damaged on the way. We will try again.</source>
        <translation>Les données ont été abîmées en route. Nous réessaierons.</translation>
    </message>
    <message>
        <source>The server uses another version of the application. Update it.</source>
        <translation>Le serveur utilise une autre version de l’application. Mettez-la à jour.</translation>
    </message>
    <message>
        <source>A learner profile could not be read. It was not used.</source>
        <translation>Un profil d’apprenant n’a pas pu être lu. Il n’a pas été utilisé.</translation>
    </message>
    <message>
        <source>This learner code is not valid (8 letters and digits).</source>
        <translation>Ce code d’apprenant n’est pas valable (8 lettres et chiffres).</translation>
    </message>
    <message>
        <source>The server lost track of this PC's sync. We will try again.</source>
        <translation>Le serveur a perdu le fil de la synchronisation de ce PC. Nous réessaierons.</translation>
    </message>
    <message>
        <source>This PC could not be identified by the server.</source>
        <translation>Le serveur n’a pas pu identifier ce PC.</translation>
    </message>
    <message>
        <source>The server could not read the request.</source>
        <translation>Le serveur n’a pas pu lire la demande.</translation>
    </message>
    <message>
        <source>The account request could not be read.</source>
        <translation>La demande de compte n’a pas pu être lue.</translation>
    </message>
    <message>
        <source>This PC is already connected (a copied data folder?). Ask your facilitator.</source>
        <translation>Ce PC est déjà relié (un dossier de données copié ?). Demandez à votre animateur.</translation>
    </message>
    <message>
        <source>This request comes from another PC than the one that was connected.</source>
        <translation>Cette demande vient d’un autre PC que celui qui a été relié.</translation>
    </message>
    <message>
        <source>No learner has this code on the server.</source>
        <translation>Aucun apprenant n’a ce code sur le serveur.</translation>
    </message>
    <message>
        <source>This learner is not linked to this PC.</source>
        <translation>Cet apprenant n’est pas relié à ce PC.</translation>
    </message>
    <message>
        <source>Some messages from the server were altered on the way. They were not used.</source>
        <translation>Des messages du serveur ont été modifiés en chemin. Ils n’ont pas été utilisés.</translation>
    </message>
    <message>
        <source>This server relays the programme's server: publish there.</source>
        <translation>Ce serveur relaie le serveur du programme : publiez là-bas.</translation>
    </message>
    <message>
        <source>This server is the programme's server: it relays no other.</source>
        <translation>Ce serveur est celui du programme : il n’en relaie aucun autre.</translation>
    </message>
    <message>
        <source>The exam could not be opened.</source>
        <translation>L’examen n’a pas pu être ouvert.</translation>
    </message>
    <message>
        <source>This course has no final exam.</source>
        <translation>Ce cours n’a pas d’examen final.</translation>
    </message>
    <message>
        <source>Some required capsules or quizzes are not completed yet.</source>
        <translation>Certaines capsules ou certains quiz obligatoires ne sont pas encore terminés.</translation>
    </message>
    <message>
        <source>Your answers wait for the programme's decision: connect to sync.</source>
        <translation>Vos réponses attendent la décision du programme : connectez-vous pour synchroniser.</translation>
    </message>
    <message>
        <source>The time allowed for the exam is over.</source>
        <translation>Le temps accordé pour l'examen est écoulé.</translation>
    </message>
    <message>
        <source>This exam attempt has recorded too many changes of answers.</source>
        <translation>Cette tentative d'examen a enregistré trop de changements de réponses.</translation>
    </message>
    <message>
        <source>This is not a session code: 8 characters, as written on the board (e.g. EX7K-3M9Q).</source>
        <translation>Ce n'est pas un code de séance : 8 caractères, tels qu'écrits au tableau (par exemple EX7K-3M9Q).</translation>
    </message>
    <message>
        <source>This supervised exam session is not on this PC.</source>
        <translation>Cette séance d'examen surveillé n'est pas sur ce PC.</translation>
    </message>
    <message>
        <source>Choose whether to co-sign or decline the answer sheet.</source>
        <translation>Choisissez de contresigner ou de refuser la copie.</translation>
    </message>
    <message>
        <source>This learner is not marked present in the session: take the attendance first.</source>
        <translation>Cette personne n'est pas notée présente à la séance : faites d'abord l'appel.</translation>
    </message>
    <message>
        <source>This revocation list cannot be used (damaged, or not signed by the programme).</source>
        <translation>Cette liste de révocation est inutilisable (abîmée, ou non signée par le programme).</translation>
    </message>
    <message>
        <source>This exam attempt is closed.</source>
        <translation>Cette tentative d'examen est close.</translation>
    </message>
    <message>
        <source>This answer sheet is not on this PC.</source>
        <translation>Cette feuille de réponses n’est pas sur ce PC.</translation>
    </message>
    <message>
        <source>Only your latest answers can be sent again.</source>
        <translation>Seules vos dernières réponses peuvent être renvoyées.</translation>
    </message>
    <message>
        <source>These answers were already graded or still wait for the server.</source>
        <translation>Ces réponses ont déjà été corrigées ou attendent encore le serveur.</translation>
    </message>
    <message>
        <source>The first line of the file must give the column names, with a name column (for example: Nom;Genre;Pays;Catégorie).</source>
        <translation>La première ligne du fichier doit donner les noms des colonnes, avec une colonne de noms (par exemple : Nom;Genre;Pays;Catégorie).</translation>
    </message>
    <message>
        <source>The file has no participant after the line of column names.</source>
        <translation>Le fichier ne contient aucun·e participant·e après la ligne des noms de colonnes.</translation>
    </message>
    <message>
        <source>This file is not a participants list (save it from your spreadsheet as CSV).</source>
        <translation>Ce fichier n’est pas une liste de participant·es (enregistrez-la depuis votre tableur au format CSV).</translation>
    </message>
    <message>
        <source>This message cannot be read as text.</source>
        <translation>Ce message ne peut pas être lu comme du texte.</translation>
    </message>
    <message>
        <source>Write something first: the message is empty.</source>
        <translation>Écrivez d'abord quelque chose : le message est vide.</translation>
    </message>
    <message>
        <source>This forum reference is not valid.</source>
        <translation>Cette référence du forum n'est pas valide.</translation>
    </message>
    <message>
        <source>This course is not on this PC: its forum cannot be used here.</source>
        <translation>Ce cours n'est pas sur ce PC : son forum n'est pas disponible ici.</translation>
    </message>
    <message>
        <source>A new subject needs a title; a reply needs its subject.</source>
        <translation>Un nouveau sujet demande un titre ; une réponse demande son sujet.</translation>
    </message>
    <message>
        <source>This subject is not on this PC (yet).</source>
        <translation>Ce sujet n'est pas (encore) sur ce PC.</translation>
    </message>
    <message>
        <source>This message is not on this PC (any more).</source>
        <translation>Ce message n'est pas (ou plus) sur ce PC.</translation>
    </message>
    <message>
        <source>This message has already been moderated.</source>
        <translation>Ce message a déjà été modéré.</translation>
    </message>
    <message>
        <source>No exam attempt is left.</source>
        <translation>Il ne reste aucune tentative d’examen.</translation>
    </message>
    <message>
        <source>This is not a valid certificate.</source>
        <translation>Ce n’est pas un certificat valable.</translation>
    </message>
    <message>
        <source>This certificate was altered: its signature is wrong.</source>
        <translation>Ce certificat a été modifié : sa signature est fausse.</translation>
    </message>
    <message>
        <source>This certificate was issued by an unknown key.</source>
        <translation>Ce certificat a été émis par une clé inconnue.</translation>
    </message>
    <message>
        <source>No such certificate on this PC. Sync to receive it.</source>
        <translation>Ce certificat n’est pas sur ce PC. Synchronisez pour le recevoir.</translation>
    </message>
    <message>
        <source>No certificate could be read from this file.</source>
        <translation>Aucun certificat n’a pu être lu dans ce fichier.</translation>
    </message>
    <message>
        <source>The certificate keys cannot be used.</source>
        <translation>Les clés des certificats sont inutilisables.</translation>
    </message>
    <message>
        <source>This badge file is not valid.</source>
        <translation>Ce fichier de badge n’est pas valable.</translation>
    </message>
    <message>
        <source>Wrong name or password.</source>
        <translation>Nom ou mot de passe incorrect.</translation>
    </message>
    <message>
        <source>The backup could not be made.</source>
        <translation>La sauvegarde n’a pas pu être faite.</translation>
    </message>
    <message>
        <source>This backup is damaged: it was not used.</source>
        <translation>Cette sauvegarde est endommagée : elle n’a pas été utilisée.</translation>
    </message>
    <message>
        <source>The data of this PC is damaged: run “cc2desktop doctor --repair”.</source>
        <translation>Les données de ce PC sont endommagées : lancez « cc2desktop doctor --repair ».</translation>
    </message>
    <message>
        <source>Too many wrong passwords: wait a little before trying again.</source>
        <translation>Trop de mots de passe erronés : attendez un peu avant de réessayer.</translation>
    </message>
    <message>
        <source>This file comes from a PC that is not paired with this one.</source>
        <translation>Ce fichier vient d’un PC qui n’est pas appairé avec celui-ci.</translation>
    </message>
    <message>
        <source>The pairing code does not match the one that PC shows.</source>
        <translation>Le code d’appairage ne correspond pas à celui qu’affiche ce PC.</translation>
    </message>
    <message>
        <source>This course cannot be installed from this publisher.</source>
        <translation>Ce cours ne peut pas être installé depuis cet éditeur.</translation>
    </message>
    <message>
        <source>This update is not signed by the publisher of the installed course: it was refused.</source>
        <translation>Cette mise à jour n’est pas signée par l’éditeur du cours installé : elle a été refusée.</translation>
    </message>
    <message>
        <source>The demo key can only sign the demo course.</source>
        <translation>La clé de démonstration ne peut signer que le cours de démonstration.</translation>
    </message>
    <message>
        <source>This file is not a key rotation record.</source>
        <translation>Ce fichier n’est pas un acte de changement de clé.</translation>
    </message>
    <message>
        <source>This reply file does not come from the server of this PC's enrolment code: nothing was applied.</source>
        <translation>Ce fichier de réponse ne vient pas du serveur du code d’inscription de ce PC : rien n’a été appliqué.</translation>
    </message>
    <message>
        <source>This enrolment code is too short: ask the administrator for the 16-character code.</source>
        <translation>Ce code d’inscription est trop court : demandez à l’administrateur le code de 16 caractères.</translation>
    </message>
    <message>
        <source>This action is reserved to facilitators.</source>
        <translation>Cette action est réservée aux animateur·rices.</translation>
    </message>
    <message>
        <source>Your facilitator session has expired: sign in again.</source>
        <translation>Votre session d'animateur·rice a expiré : reconnectez-vous.</translation>
    </message>
    <message>
        <source>A facilitator with this name already exists.</source>
        <translation>Un animateur ou une animatrice porte déjà ce nom.</translation>
    </message>
    <message>
        <source>Give the facilitator a name.</source>
        <translation>Donnez un nom à l’animateur ou l’animatrice.</translation>
    </message>
    <message>
        <source>This PC already has a facilitator account: ask a facilitator to add yours (Facilitator space › Accounts).</source>
        <translation>Ce PC a déjà un compte animateur·rice : demandez à un·e animateur·rice d’ajouter le vôtre (Espace animateur·rice › Comptes).</translation>
    </message>
    <message>
        <source>There is no facilitator with this name on this PC.</source>
        <translation>Aucun·e animateur·rice de ce nom sur ce PC.</translation>
    </message>
    <message>
        <source>You cannot remove your own account: ask another facilitator.</source>
        <translation>Vous ne pouvez pas retirer votre propre compte : demandez à un·e autre animateur·rice.</translation>
    </message>
    <message>
        <source>The password is too short.</source>
        <translation>Le mot de passe est trop court.</translation>
    </message>
    <message>
        <source>A group with this name already exists.</source>
        <translation>Un groupe porte déjà ce nom.</translation>
    </message>
    <message>
        <source>Give the group a name.</source>
        <translation>Donnez un nom au groupe.</translation>
    </message>
    <message>
        <source>This group does not exist any more.</source>
        <translation>Ce groupe n’existe plus.</translation>
    </message>
    <message>
        <source>Give the participant a name.</source>
        <translation>Donnez un nom au participant.</translation>
    </message>
    <message>
        <source>This learner is not on this PC.</source>
        <translation>Cette personne n'est pas sur ce PC.</translation>
    </message>
    <message>
        <source>This session does not exist any more.</source>
        <translation>Cette séance n’existe plus.</translation>
    </message>
    <message>
        <source>Take the attendance first: nobody is marked present.</source>
        <translation>Faites d'abord l'appel : personne n'est marqué présent.</translation>
    </message>
    <message>
        <source>Some people are neither in the group nor on the attendance sheet.</source>
        <translation>Certaines personnes ne sont ni dans le groupe ni sur la feuille de présence.</translation>
    </message>
    <message>
        <source>Some answers come from people not marked present.</source>
        <translation>Certaines réponses viennent de personnes non marquées présentes.</translation>
    </message>
    <message>
        <source>A show of hands count is not valid.</source>
        <translation>Un décompte à main levée n’est pas valable.</translation>
    </message>
    <message>
        <source>A show of hands needs a single-choice or true/false question.</source>
        <translation>Le vote à main levée demande une question à choix unique ou vrai/faux.</translation>
    </message>
</context>
</TS>
